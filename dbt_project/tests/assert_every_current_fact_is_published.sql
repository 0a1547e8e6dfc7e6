-- A failure means figures were lost (or multiplied) on the way from raw to the
-- marts: every fact read from current content must appear once for each
-- current file holding that content, no more, no less.

-- Shown in Dagster as a check on fct_kpi (the test reads several models).
{{ config(meta={'dagster': {'ref': {'name': 'fct_kpi'}}}) }}

with

raw_kpis as (

    select * from {{ ref('stg_extraction__kpis') }}

),

raw_grades as (

    select * from {{ ref('stg_extraction__grades') }}

),

raw_budgets as (

    select * from {{ ref('stg_extraction__budgets') }}

),

raw_workforce as (

    select * from {{ ref('stg_extraction__workforce') }}

),

raw_milestones as (

    select * from {{ ref('stg_extraction__milestones') }}

),

report_files as (

    select * from {{ ref('stg_extraction__report_files') }}

),

report_documents as (

    select * from {{ ref('stg_extraction__report_documents') }}

),

kpis as (

    select * from {{ ref('fct_kpi') }}

),

grades as (

    select * from {{ ref('fct_grade') }}

),

budgets as (

    select * from {{ ref('fct_budget') }}

),

workforce as (

    select * from {{ ref('fct_workforce') }}

),

milestones as (

    select * from {{ ref('fct_milestone') }}

),

raw_facts as (

    select
        'fct_kpi' as mart,
        sha256,
        fact_key
    from raw_kpis
    union
    select
        'fct_grade' as mart,
        sha256,
        fact_key
    from raw_grades
    union
    select
        'fct_budget' as mart,
        sha256,
        fact_key
    from raw_budgets
    union
    select
        'fct_workforce' as mart,
        sha256,
        fact_key
    from raw_workforce
    union
    select
        'fct_milestone' as mart,
        sha256,
        fact_key
    from raw_milestones

),

current_files as (

    -- a current file whose content was decoded
    select
        report_files.source_file,
        report_files.sha256
    from report_files
    inner join report_documents
        on report_files.sha256 = report_documents.sha256
    where report_files.is_current

),

expected as (

    select
        raw_facts.mart,
        raw_facts.fact_key,
        current_files.source_file

    from raw_facts
    inner join current_files
        on raw_facts.sha256 = current_files.sha256

),

published as (

    select
        'fct_kpi' as mart,
        fact_key,
        source_file
    from kpis
    union all
    select
        'fct_grade' as mart,
        fact_key,
        source_file
    from grades
    union all
    select
        'fct_budget' as mart,
        fact_key,
        source_file
    from budgets
    union all
    select
        'fct_workforce' as mart,
        fact_key,
        source_file
    from workforce
    union all
    select
        'fct_milestone' as mart,
        fact_key,
        source_file
    from milestones

),

published_counted as (

    select
        mart,
        fact_key,
        source_file,
        count(*) as times_published

    from published
    group by 1, 2, 3

),

compared as (

    select
        coalesce(expected.mart, published_counted.mart) as mart,
        coalesce(expected.fact_key, published_counted.fact_key) as fact_key,
        coalesce(
            expected.source_file, published_counted.source_file
        ) as source_file,
        coalesce(published_counted.times_published, 0) as times_published,
        expected.fact_key is not null as is_expected

    from expected
    full outer join published_counted
        on
            expected.mart = published_counted.mart
            and expected.fact_key = published_counted.fact_key
            and expected.source_file = published_counted.source_file

)

select * from compared
where not is_expected or times_published != 1
