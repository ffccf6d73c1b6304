{{ doc }}
{{ sig }}
{
{% if let Some(d) = data_decl %}{{ d }}

{% endif %}{{ print }}
}
