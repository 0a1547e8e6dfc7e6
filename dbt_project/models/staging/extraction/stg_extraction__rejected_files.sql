with

source as (

    select * from {{ source('extraction', 'rejected_files') }}

),

renamed as (

    select
        ---------- ids
        cast(source_file as varchar) as source_file,
        cast(sha256 as varchar) as sha256,

        ---------- strings
        cast(reason as varchar) as rejection_reason,

        ---------- numerics
        cast(size_bytes as bigint) as size_bytes,

        ---------- timestamps
        cast(rejected_at as timestamptz) as rejected_at

    from source

)

select * from renamed
