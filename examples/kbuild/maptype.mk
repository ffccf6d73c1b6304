# SPDX-License-Identifier: GPL-2.0-only
#
# Regenerates a driver's mapping types while the kernel builds, the way the
# kernel's YNL families are kept: the generated files are part of the source
# tree (checked in), and a change to a definition regenerates them before
# anything built from them is compiled.
#
# In the driver's Makefile, set these and include this file:
#
#   maptype-defs := dmx.maptype            definitions, relative to the directory
#   maptype-objs := dma-buf-mapping-dmx.o  objects compiled from their output
#   include $(srctree)/path/to/maptype.mk
#   -include $(src)/Makefile.maptype       the generated object list
#
# On the make command line (or in the environment):
#
#   MAPTYPE=CMD        the maptype command (for a checkout of maptype:
#                      "cargo run -q --manifest-path DIR/Cargo.toml --");
#                      unset, nothing is regenerated or checked
#   MAPTYPE_CORE=PATH  the core's definitions the types are checked against
#   MAPTYPE_CHECK=1    write nothing: fail, naming each stale file, if the
#                      outputs do not match the definitions (for CI)
#
# `maptype generate` writes only files whose content changed, so a
# regeneration that changes nothing rebuilds nothing but the stamp.

ifdef MAPTYPE

maptype-srcs := $(addprefix $(src)/,$(maptype-defs))
maptype-args = --out $(srctree) $(if $(MAPTYPE_CORE),--core $(MAPTYPE_CORE)) $(maptype-srcs)

ifdef MAPTYPE_CHECK
# Every build checks; nothing is written.
quiet_cmd_maptype_check = MAPTYPE $(maptype-defs) (check)
      cmd_maptype_check = $(MAPTYPE) generate --check $(maptype-args)

PHONY += maptype-check
maptype-check:
	$(call cmd,maptype_check)
$(addprefix $(obj)/,$(maptype-objs)): maptype-check
else
# The stamp is older than a changed definition: regenerate, then compile.
quiet_cmd_maptype = MAPTYPE $(maptype-defs)
      cmd_maptype = $(MAPTYPE) generate $(maptype-args) && touch $@

$(obj)/.maptype.stamp: $(maptype-srcs)
	$(call cmd,maptype)
$(addprefix $(obj)/,$(maptype-objs)): $(obj)/.maptype.stamp
endif

endif
