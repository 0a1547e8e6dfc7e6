{#
    Rows for which a boolean SQL expression over the model's columns is not true.
    Nulls fail too: guard with `coalesce` or a `where` config when null is fine.
#}
{% test expression_is_true(model, expression) %}

select *
from {{ model }}
where not coalesce({{ expression }}, false)

{% endtest %}
