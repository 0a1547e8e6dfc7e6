with

kpis as (

    select * from {{ ref('int_kpis_deduplicated') }}

),

indicator_mentions as (

    select
        indicator,
        {{ normalise_name('indicator') }} as indicator_key,
        trim(regexp_replace(indicator, '[\s\p{Z}]+', ' ', 'g')) as spelling

    from kpis
    where {{ normalise_name('indicator') }} is not null

),

spellings_counted as (

    select
        indicator_key,
        spelling,
        count(*) as spelling_mentions

    from indicator_mentions
    group by 1, 2

),

keys_named as (

    -- the spelling used most often names the indicator; ties go to the
    -- alphabetically first, so the name is stable from run to run
    select
        indicator_key,
        spelling as indicator_name,
        sum(spelling_mentions) over (
            partition by indicator_key
        ) as mention_count

    from spellings_counted
    qualify row_number() over (
        partition by indicator_key
        order by spelling_mentions desc, spelling asc
    ) = 1

),

spi_codes_parsed as (

    -- Statutory Performance Indicators are cited by code: "SPI 1.1 Victim
    -- satisfaction", "SPI 6.1 SPI 6.4 Most Serious Violence ..."
    select
        *,
        regexp_extract_all(
            indicator_name, '(?i)\bSPI\s*(\d+(?:\.\d+)?[a-z]?)\b', 1
        ) as spi_numbers

    from keys_named

),

described as (

    select
        {{ surrogate_key(['indicator_key']) }} as indicator_id,
        indicator_key,
        indicator_name,
        'SPI ' || spi_numbers[1] as spi_code,
        case
            when len(spi_numbers) > 0
                then 'SPI ' || array_to_string(spi_numbers, ', SPI ')
        end as spi_codes,
        nullif(
            trim(
                regexp_replace(
                    indicator_name,
                    '(?i)^(\s*SPI\s*\d+(\.\d+)?[a-z]?\b\s*[-:–]?\s*)+',
                    ''
                )
            ),
            ''
        ) as indicator_label,
        -- a reduction indicator is met by coming in at or under its target:
        -- "SPI 5.5 Gun Crime rate reduction", "fewer repeat victims"
        regexp_matches(
            lower(indicator_name), '\b(reduc\w*|fewer|decreas\w*)\b'
        ) as is_reduction,
        mention_count

    from spi_codes_parsed

)

select * from described
