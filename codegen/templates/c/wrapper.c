/* {{ e.name|c_comment }}() from <{{ e.header|c_comment }}>, stubbable by KUnit. */
{{ sig }}
{
{{ redirect }}
{{ call }}
}
EXPORT_SYMBOL_IF_KUNIT({{ name }});
