-- A failure means a published figure does not point back to its own words:
-- source_text is not exactly text[char_start:char_end] of the decoded document
-- (DuckDB's substring counts characters from 1, as Python counts from 0), or
-- the span runs past the end of the text.

-- Shown in Dagster as a check on fct_kpi (the test reads several models).
{{ config(meta={'dagster': {'ref': {'name': 'fct_kpi'}}}) }}

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

reports as (

    select * from {{ ref('dim_report') }}

),

documents as (

    select * from {{ ref('stg_extraction__report_documents') }}

),

facts as (

    select
        'fct_kpi' as mart,
        fact_id,
        report_id,
        char_start,
        char_end,
        source_text
    from kpis
    union all
    select
        'fct_grade' as mart,
        fact_id,
        report_id,
        char_start,
        char_end,
        source_text
    from grades
    union all
    select
        'fct_budget' as mart,
        fact_id,
        report_id,
        char_start,
        char_end,
        source_text
    from budgets
    union all
    select
        'fct_workforce' as mart,
        fact_id,
        report_id,
        char_start,
        char_end,
        source_text
    from workforce
    union all
    select
        'fct_milestone' as mart,
        fact_id,
        report_id,
        char_start,
        char_end,
        source_text
    from milestones

),

spans_read as (

    select
        facts.mart,
        facts.fact_id,
        reports.source_file,
        facts.char_start,
        facts.char_end,
        facts.source_text,
        substring(
            documents.document_text,
            facts.char_start + 1,
            facts.char_end - facts.char_start
        ) as text_at_span

    from facts
    left join reports
        on facts.report_id = reports.report_id
    left join documents
        on reports.sha256 = documents.sha256

)

select * from spans_read
where
    text_at_span is distinct from source_text
    or char_end - char_start != length(source_text)
