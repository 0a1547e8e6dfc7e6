{{ config(materialized='view') }}

with

kpis as (

    select * from {{ ref('fct_kpi') }}

),

first_mentions as (

    -- a figure restated later in the same report (a summary repeated in a
    -- table) counts once: the mention the extractor marked as the original
    select
        fact_id,
        report_id,
        source_file,
        scope,
        indicator,
        period,
        fiscal_year,
        target_value,
        actual_value,
        baseline_value,
        change_value,
        unit,
        trend,
        target_met,
        char_start,
        char_end,
        source_text,
        tier,
        is_restated,
        is_reduction_target,
        page,
        section,
        indicator_id,
        org_unit_id,
        period_id,
        fact_key,
        sha256,
        extracted_at

    from kpis
    where not coalesce(is_restated, false)

)

select * from first_mentions
