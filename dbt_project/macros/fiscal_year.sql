{#
    UK financial years run 1 April to 31 March and are written `2007/08`.
#}

{# The label of the financial year that starts in April of `start_year`. #}
{% macro fiscal_year_label(start_year) -%}
    (
        cast({{ start_year }} as varchar)
        || '/'
        || lpad(cast(({{ start_year }} + 1) % 100 as varchar), 2, '0')
    )
{%- endmacro %}

{#
    The start year of a label like `2007/08`, `2007-08`, `2007/8` or `2007/2008`;
    null when the label is not a pair of consecutive years.
#}
{% macro fiscal_year_start(label) -%}
    (
        case
            when
                regexp_matches(
                    trim({{ label }}), '^\d{4}\s*[/-]\s*(\d{1,2}|\d{4})$'
                )
                and (
                    cast(
                        regexp_extract(trim({{ label }}), '(\d+)$') as integer
                    )
                    in (
                        cast(left(trim({{ label }}), 4) as integer) + 1,
                        (cast(left(trim({{ label }}), 4) as integer) + 1) % 100,
                        (cast(left(trim({{ label }}), 4) as integer) + 1) % 10
                    )
                )
                then cast(left(trim({{ label }}), 4) as integer)
        end
    )
{%- endmacro %}
