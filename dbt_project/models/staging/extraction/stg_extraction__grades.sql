with

source as (

    select * from {{ source('extraction', 'extracted_grades') }}

),

renamed as (

    select
        ---------- ids
        cast(sha256 as varchar) as sha256,
        cast(fact_key as varchar) as fact_key,

        ---------- strings
        cast(framework as varchar) as framework,
        cast(area_code as varchar) as area_code,
        cast(area as varchar) as area,
        cast(grade as varchar) as grade,
        cast(direction_of_travel as varchar) as direction_of_travel,
        cast(tier as varchar) as tier,
        cast(quote as varchar) as source_text,
        cast(extractor_version as varchar) as extractor_version,

        ---------- numerics
        cast(nat_poor as integer) as nat_poor,
        cast(nat_fair as integer) as nat_fair,
        cast(nat_good as integer) as nat_good,
        cast(nat_excellent as integer) as nat_excellent,
        cast(char_start as integer) as char_start,
        cast(char_end as integer) as char_end

    from source

)

select * from renamed
