{#
    Half a unit of the last printed digit of a figure: 18.3 -> 0.05, 21.44 -> 0.005,
    3137 -> 0.5. A stated figure and one derived from others agree when they differ
    by no more than the rounding of the figures involved.
#}
{% macro rounding_slack(expression) -%}
    (
        0.5 / pow(
            10,
            length(
                regexp_extract(
                    cast(cast({{ expression }} as decimal(20, 4)) as varchar),
                    '\.(\d*[1-9])0*$',
                    1
                )
            )
        )
    )
{%- endmacro %}
