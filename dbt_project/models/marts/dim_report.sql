with

current_files as (

    select * from {{ ref('int_report_files_current') }}

),

final as (

    select
        ---------- contract
        report_id,
        source_file,
        sha256,
        title,
        report_number,
        meeting_date,
        committee,
        presented_by,
        publisher,
        period_covered,

        ---------- extras
        report_type,
        file_format,
        text_encoding,
        char_count,
        size_bytes,
        modified_at,
        first_seen_at,
        loaded_at,
        extractor_version

    from current_files

)

select * from final
