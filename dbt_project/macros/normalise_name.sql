{#
    The key a name is matched on: lower case, runs of whitespace (including no-break
    spaces) as one space, no surrounding space or trailing punctuation.
#}
{% macro normalise_name(expression) -%}
    nullif(
        regexp_replace(
            lower(trim(regexp_replace({{ expression }}, '[\s\p{Z}]+', ' ', 'g'))),
            '[\s\p{Z}.,;:]+$',
            ''
        ),
        ''
    )
{%- endmacro %}
