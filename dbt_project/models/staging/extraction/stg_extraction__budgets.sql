with

source as (

    select * from {{ source('extraction', 'extracted_budgets') }}

),

renamed as (

    select
        ---------- ids
        cast(sha256 as varchar) as sha256,
        cast(fact_key as varchar) as fact_key,

        ---------- strings
        cast(scope as varchar) as scope,
        cast(fiscal_year as varchar) as fiscal_year,
        cast(period as varchar) as period,
        cast(measure as varchar) as measure,
        cast(unit as varchar) as unit,
        cast(tier as varchar) as tier,
        cast(quote as varchar) as source_text,
        cast(extractor_version as varchar) as extractor_version,

        ---------- numerics
        cast(amount as decimal(20, 4)) as amount,
        cast(char_start as integer) as char_start,
        cast(char_end as integer) as char_end

    from source

)

select * from renamed
