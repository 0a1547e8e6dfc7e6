-- A failure means a published figure does not point back to its own words:
-- source_text is not exactly text[char_start:char_end] of the decoded document,
-- or the span's length is not the quote's. The words at each span are hashed
-- from the document's text by the extraction stage (raw span_md5, read from
-- the text at the span, not from the extractor's quote) and carried by
-- int_fact_spans_located; every published quote is compared with that hash, so
-- the test never brings whole documents into a query, whatever their length.

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

spans as (

    select * from {{ ref('int_fact_spans_located') }}

),

facts as (

    select
        'fct_kpi' as mart,
        fact_id,
        report_id,
        fact_key,
        char_start,
        char_end,
        source_text
    from kpis
    union all
    select
        'fct_grade' as mart,
        fact_id,
        report_id,
        fact_key,
        char_start,
        char_end,
        source_text
    from grades
    union all
    select
        'fct_budget' as mart,
        fact_id,
        report_id,
        fact_key,
        char_start,
        char_end,
        source_text
    from budgets
    union all
    select
        'fct_workforce' as mart,
        fact_id,
        report_id,
        fact_key,
        char_start,
        char_end,
        source_text
    from workforce
    union all
    select
        'fct_milestone' as mart,
        fact_id,
        report_id,
        fact_key,
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
        spans.text_at_span_md5,
        spans.char_start as span_char_start,
        spans.char_end as span_char_end

    from facts
    left join reports
        on facts.report_id = reports.report_id
    left join spans
        on
            reports.sha256 = spans.sha256
            and facts.fact_key = spans.fact_key

)

select * from spans_read
where
    text_at_span_md5 is distinct from md5(source_text)
    or span_char_start is distinct from char_start
    or span_char_end is distinct from char_end
    or char_end - char_start != length(source_text)
