with

source as (

    select * from {{ source('extraction', 'extracted_workforce') }}

),

renamed as (

    select
        ---------- ids
        cast(sha256 as varchar) as sha256,
        cast(fact_key as varchar) as fact_key,

        ---------- strings
        cast(scope as varchar) as scope,
        cast(as_of as varchar) as as_of,
        cast(measure as varchar) as measure,
        cast(unit as varchar) as unit,
        cast(kind as varchar) as figure_kind,
        cast(tier as varchar) as tier,
        cast(quote as varchar) as source_text,
        cast(extractor_version as varchar) as extractor_version,

        ---------- numerics
        cast(value as decimal(20, 4)) as figure_value,
        cast(char_start as integer) as char_start,
        cast(char_end as integer) as char_end

    from source

)

select * from renamed
