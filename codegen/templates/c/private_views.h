{#- A private type keeps its data in the core's reserved slot: checked to fit,
    and read through typed views. -#}
static_assert(sizeof(struct {{ sn }}) <=
	      sizeof_field(struct dma_buf_mapping_match, private_data));
static_assert(__alignof__(struct {{ sn }}) <=
	      __alignof__(struct dma_buf_mapping_match));

{{ doc }}
{{ sig }}
{
	return (const struct {{ sn }} *)m->private_data;
}

{{ doc_mut }}
{{ sig_mut }}
{
	return (struct {{ sn }} *)m->private_data;
}
