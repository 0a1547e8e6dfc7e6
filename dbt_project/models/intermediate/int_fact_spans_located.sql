-- a range join read by every fact mart: computed once, as a table, and only
-- for new or re-read content (incremental by sha256, see
-- macros/incremental_reports.sql)
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        pre_hook="{{ delete_changed_reports('sha256') }}"
    )
}}

with

kpis as (

    select * from {{ ref('stg_extraction__kpis') }}

),

grades as (

    select * from {{ ref('stg_extraction__grades') }}

),

budgets as (

    select * from {{ ref('stg_extraction__budgets') }}

),

workforce as (

    select * from {{ ref('stg_extraction__workforce') }}

),

milestones as (

    select * from {{ ref('stg_extraction__milestones') }}

),

parsed_blocks as (

    select * from {{ ref('stg_extraction__parsed_blocks') }}

),

current_files as (

    select * from {{ ref('int_report_files_current') }}

),

contents_to_load as (

    -- on an incremental run, only the contents with no rows in the table yet
    select distinct
        current_files.sha256,
        current_files.extracted_at

    from current_files
    where {{ not_loaded_yet('current_files.sha256', 'sha256') }}

),

fact_spans as (

    -- span_md5 is the hash of the document's words at the span, taken from
    -- the text by the extraction stage; assert_every_quote_is_in_its_report
    -- compares the published quotes with it
    select
        sha256,
        fact_key,
        char_start,
        char_end,
        span_md5
    from kpis
    union all
    select
        sha256,
        fact_key,
        char_start,
        char_end,
        span_md5
    from grades
    union all
    select
        sha256,
        fact_key,
        char_start,
        char_end,
        span_md5
    from budgets
    union all
    select
        sha256,
        fact_key,
        char_start,
        char_end,
        span_md5
    from workforce
    union all
    select
        sha256,
        fact_key,
        char_start,
        char_end,
        span_md5
    from milestones

),

fact_spans_to_load as (

    select
        fact_spans.*,
        contents_to_load.extracted_at

    from fact_spans
    inner join contents_to_load
        on fact_spans.sha256 = contents_to_load.sha256

),

spans_in_blocks as (

    -- the block a quote starts in gives its page and section; the smallest
    -- block wins where blocks nest
    select
        fact_spans_to_load.sha256,
        fact_spans_to_load.fact_key,
        fact_spans_to_load.char_start,
        fact_spans_to_load.char_end,
        parsed_blocks.block_index,
        parsed_blocks.block_kind,
        parsed_blocks.page,
        parsed_blocks.section,
        parsed_blocks.section_path,
        fact_spans_to_load.span_md5 as text_at_span_md5,
        fact_spans_to_load.extracted_at

    from fact_spans_to_load
    left join parsed_blocks
        on
            fact_spans_to_load.sha256 = parsed_blocks.sha256
            and fact_spans_to_load.char_start >= parsed_blocks.char_start
            and fact_spans_to_load.char_start < parsed_blocks.char_end
    qualify row_number() over (
        partition by fact_spans_to_load.sha256, fact_spans_to_load.fact_key
        order by
            parsed_blocks.char_end - parsed_blocks.char_start asc,
            parsed_blocks.block_index asc
    ) = 1

)

select * from spans_in_blocks
