with

source as (

    select * from {{ source('extraction', 'extracted_reports') }}

),

renamed as (

    select
        ---------- ids
        cast(sha256 as varchar) as sha256,

        ---------- strings
        cast(title as varchar) as title,
        cast(report_number as varchar) as report_number,
        cast(committee as varchar) as committee,
        cast(presented_by as varchar) as presented_by,
        cast(publisher as varchar) as publisher,
        cast(period_covered as varchar) as period_covered,
        cast(report_type as varchar) as report_type,
        cast(extractor_version as varchar) as extractor_version,

        ---------- dates
        cast(meeting_date as date) as meeting_date

    from source

)

select * from renamed
