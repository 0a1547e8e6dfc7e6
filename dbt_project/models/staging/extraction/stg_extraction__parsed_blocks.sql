with

source as (

    select * from {{ source('extraction', 'parsed_blocks') }}

),

renamed as (

    select
        ---------- ids
        cast(sha256 as varchar) as sha256,
        cast(block_index as integer) as block_index,
        cast(table_id as integer) as table_id,

        ---------- strings
        cast(kind as varchar) as block_kind,
        cast(label as varchar) as block_label,
        cast(section as varchar) as section,
        cast(section_path as json) as section_path,
        cast(cells as json) as cell_spans,
        cast(parser_version as varchar) as parser_version,

        ---------- numerics
        cast(level as integer) as block_level,
        cast(page as integer) as page,
        cast(char_start as integer) as char_start,
        cast(char_end as integer) as char_end

    from source

)

select * from renamed
