/* {{ e.name }}() from <{{ e.header }}>, stubbable by KUnit. */
{{ sig }}
{
{{ redirect }}
{{ call }}
}
EXPORT_SYMBOL_IF_KUNIT({{ name }});
