with

source as (

    select * from {{ source('extraction', 'report_files') }}

),

renamed as (

    select
        ---------- ids
        cast(source_file as varchar) as source_file,
        cast(sha256 as varchar) as sha256,

        ---------- numerics
        cast(size_bytes as bigint) as size_bytes,

        ---------- booleans
        cast(is_current as boolean) as is_current,

        ---------- timestamps
        cast(modified_at as timestamptz) as modified_at,
        cast(first_seen_at as timestamptz) as first_seen_at,
        cast(last_seen_at as timestamptz) as last_seen_at,
        cast(superseded_at as timestamptz) as superseded_at

    from source

)

select * from renamed
