{#
    Every row of the model is a failure: for models whose rows are findings
    (data_quality_issues), narrowed with a `where` config.
#}
{% test no_rows(model) %}

select *
from {{ model }}

{% endtest %}
