with

source as (

    select * from {{ source('extraction', 'report_documents') }}

),

renamed as (

    select
        ---------- ids
        cast(sha256 as varchar) as sha256,

        ---------- strings
        cast(text as varchar) as document_text,
        cast(file_format as varchar) as file_format,
        cast(encoding as varchar) as text_encoding,
        cast(pages as json) as page_spans,

        ---------- numerics
        cast(char_count as bigint) as char_count,

        ---------- timestamps
        cast(loaded_at as timestamptz) as loaded_at

    from source

)

select * from renamed
