with

source as (

    select * from {{ source('extraction', 'extracted_kpis') }}

),

renamed as (

    select
        ---------- ids
        cast(sha256 as varchar) as sha256,
        cast(fact_key as varchar) as fact_key,

        ---------- strings
        cast(scope as varchar) as scope,
        cast(indicator as varchar) as indicator,
        cast(period as varchar) as period,
        cast(fiscal_year as varchar) as fiscal_year,
        cast(unit as varchar) as unit,
        cast(trend as varchar) as trend,
        cast(tier as varchar) as tier,
        cast(quote as varchar) as source_text,
        cast(extractor_version as varchar) as extractor_version,

        ---------- numerics
        cast(target as decimal(20, 4)) as target_value,
        cast(actual as decimal(20, 4)) as actual_value,
        cast(baseline as decimal(20, 4)) as baseline_value,
        cast(change as decimal(20, 4)) as change_value,
        cast(char_start as integer) as char_start,
        cast(char_end as integer) as char_end,

        ---------- booleans
        cast(is_restated as boolean) as is_restated

    from source

)

select * from renamed
