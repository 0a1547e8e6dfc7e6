{#
    md5 over the given expressions, each cast to text, nulls spelt out, joined by '|'.
    The project's own stand-in for dbt_utils.generate_surrogate_key (no packages here).
#}
{% macro surrogate_key(expressions) -%}
    md5(concat_ws(
        '|'
        {%- for expression in expressions %},
        coalesce(cast({{ expression }} as varchar), '_null_')
        {%- endfor %}
    ))
{%- endmacro %}
