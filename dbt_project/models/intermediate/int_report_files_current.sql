with

report_files as (

    select * from {{ ref('stg_extraction__report_files') }}

),

report_documents as (

    select * from {{ ref('stg_extraction__report_documents') }}

),

reports as (

    select * from {{ ref('stg_extraction__reports') }}

),

current_files as (

    select * from report_files
    where is_current

),

current_files_described as (

    select
        ---------- ids
        {{ report_id('current_files.source_file') }} as report_id,
        current_files.source_file,
        current_files.sha256,

        ---------- report metadata
        reports.title,
        reports.report_number,
        reports.meeting_date,
        reports.committee,
        reports.presented_by,
        reports.publisher,
        reports.period_covered,
        reports.report_type,
        reports.extractor_version,

        ---------- document
        report_documents.file_format,
        report_documents.text_encoding,
        report_documents.char_count,
        current_files.size_bytes,

        ---------- timestamps
        current_files.modified_at,
        current_files.first_seen_at,
        current_files.last_seen_at,
        report_documents.loaded_at

    from current_files
    inner join report_documents
        on current_files.sha256 = report_documents.sha256
    left join reports
        on current_files.sha256 = reports.sha256

)

select * from current_files_described
