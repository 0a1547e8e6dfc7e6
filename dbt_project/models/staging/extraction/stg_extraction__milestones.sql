with

source as (

    select * from {{ source('extraction', 'extracted_milestones') }}

),

renamed as (

    select
        ---------- ids
        cast(sha256 as varchar) as sha256,
        cast(fact_key as varchar) as fact_key,

        ---------- strings
        cast(period as varchar) as period,
        cast(fiscal_year as varchar) as fiscal_year,
        cast(milestone as varchar) as milestone,
        cast(status as varchar) as status,
        cast(quote as varchar) as source_text,
        cast(extractor_version as varchar) as extractor_version,

        ---------- numerics
        cast(quarter as integer) as fiscal_quarter,
        cast(char_start as integer) as char_start,
        cast(char_end as integer) as char_end

    from source

)

select * from renamed
