{#
    One figure as published: the report (file) it sits in, the span of its words, what
    it measures (indicator, measure, area, ...) and the extractor's key for the mention,
    which tells apart two figures read from the same words.
#}
{% macro fact_id(report_id, char_start, char_end, label, fact_key) -%}
    {{ surrogate_key([report_id, char_start, char_end, label, fact_key]) }}
{%- endmacro %}
