with

rejected as (

    select * from {{ ref('stg_extraction__rejected_files') }}

),

final as (

    select
        ---------- ids
        source_file,
        sha256,

        ---------- strings
        rejection_reason as reason,

        ---------- numerics
        size_bytes,

        ---------- timestamps
        rejected_at

    from rejected

)

select * from final
