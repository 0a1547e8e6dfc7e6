-- A failure means a published figure was read from content that is not the
-- current version of its file: a superseded version (kept in raw as history)
-- or another file's content leaked into the marts.

-- Shown in Dagster as a check on dim_report (the test reads several models).
{{ config(meta={'dagster': {'ref': {'name': 'dim_report'}}}) }}

with

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

published as (

    select
        'fct_kpi' as mart,
        kpis.fact_id,
        kpis.source_file,
        raw_kpis.sha256
    from kpis
    left join raw_kpis on kpis.fact_key = raw_kpis.fact_key
    union all
    select
        'fct_grade' as mart,
        grades.fact_id,
        grades.source_file,
        raw_grades.sha256
    from grades
    left join raw_grades on grades.fact_key = raw_grades.fact_key
    union all
    select
        'fct_budget' as mart,
        budgets.fact_id,
        budgets.source_file,
        raw_budgets.sha256
    from budgets
    left join raw_budgets on budgets.fact_key = raw_budgets.fact_key
    union all
    select
        'fct_workforce' as mart,
        workforce.fact_id,
        workforce.source_file,
        raw_workforce.sha256
    from workforce
    left join raw_workforce on workforce.fact_key = raw_workforce.fact_key
    union all
    select
        'fct_milestone' as mart,
        milestones.fact_id,
        milestones.source_file,
        raw_milestones.sha256
    from milestones
    left join raw_milestones on milestones.fact_key = raw_milestones.fact_key

),

checked as (

    select
        published.mart,
        published.fact_id,
        published.source_file,
        published.sha256,
        report_files.is_current

    from published
    left join report_files
        on
            published.source_file = report_files.source_file
            and published.sha256 = report_files.sha256

)

select * from checked
where not coalesce(is_current, false)
