with

indicators as (

    select * from {{ ref('int_indicators_normalised') }}

),

final as (

    select
        indicator_id,
        indicator_name,
        indicator_label,
        spi_code,
        spi_codes,
        is_reduction,
        indicator_key,
        mention_count

    from indicators

)

select * from final
