-- a range join read by every fact mart: computed once, as a table
{{ config(materialized='table') }}

with

kpis as (

    select * from {{ ref('int_kpis_deduplicated') }}

),

grades as (

    select * from {{ ref('int_grades_deduplicated') }}

),

budgets as (

    select * from {{ ref('int_budgets_scaled_to_pounds') }}

),

workforce as (

    select * from {{ ref('int_workforce_periods_parsed') }}

),

milestones as (

    select * from {{ ref('int_milestones_periods_parsed') }}

),

parsed_blocks as (

    select * from {{ ref('stg_extraction__parsed_blocks') }}

),

fact_spans as (

    select
        sha256,
        fact_key,
        char_start,
        char_end
    from kpis
    union all
    select
        sha256,
        fact_key,
        char_start,
        char_end
    from grades
    union all
    select
        sha256,
        fact_key,
        char_start,
        char_end
    from budgets
    union all
    select
        sha256,
        fact_key,
        char_start,
        char_end
    from workforce
    union all
    select
        sha256,
        fact_key,
        char_start,
        char_end
    from milestones

),

spans_in_blocks as (

    -- the block a quote starts in gives its page and section; the smallest
    -- block wins where blocks nest
    select
        fact_spans.sha256,
        fact_spans.fact_key,
        parsed_blocks.block_index,
        parsed_blocks.block_kind,
        parsed_blocks.page,
        parsed_blocks.section,
        parsed_blocks.section_path

    from fact_spans
    inner join parsed_blocks
        on
            fact_spans.sha256 = parsed_blocks.sha256
            and fact_spans.char_start >= parsed_blocks.char_start
            and fact_spans.char_start < parsed_blocks.char_end
    qualify row_number() over (
        partition by fact_spans.sha256, fact_spans.fact_key
        order by
            parsed_blocks.char_end - parsed_blocks.char_start asc,
            parsed_blocks.block_index asc
    ) = 1

)

select * from spans_in_blocks
