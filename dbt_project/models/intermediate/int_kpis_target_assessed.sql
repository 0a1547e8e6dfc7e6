with

kpis as (

    select * from {{ ref('int_kpis_deduplicated') }}

),

indicators as (

    select * from {{ ref('int_indicators_normalised') }}

),

indicators_attached as (

    select
        kpis.*,
        indicators.indicator_id,
        coalesce(indicators.is_reduction, false) as is_reduction_indicator

    from kpis
    left join indicators
        on {{ normalise_name('kpis.indicator') }} = indicators.indicator_key

),

assessed as (

    -- a target is met when the actual reaches it; for a reduction (a negative
    -- target such as "-5%", or an indicator that is a reduction) coming in at
    -- or under the target meets it
    select
        *,
        target_value < 0 or is_reduction_indicator as is_reduction_target,
        case
            when target_value is null or actual_value is null then null
            when
                target_value < 0 or is_reduction_indicator
                then actual_value <= target_value
            else actual_value >= target_value
        end as target_met

    from indicators_attached

),

final as (

    select
        sha256,
        fact_key,
        scope,
        indicator,
        indicator_id,
        period,
        fiscal_year,
        fiscal_year_start,
        target_value,
        actual_value,
        baseline_value,
        change_value,
        unit,
        trend,
        target_met,
        is_reduction_indicator,
        is_reduction_target,
        tier,
        is_restated,
        char_start,
        char_end,
        source_text,
        extractor_version

    from assessed

)

select * from final
