# The layer rule of DESIGN.md, checked at configure time on what each target links:
# deskseek_forbid_links(<target> <pattern>...) fails when a direct link item matches a pattern.
function(deskseek_forbid_links target)
    get_target_property(links ${target} LINK_LIBRARIES)
    get_target_property(iface ${target} INTERFACE_LINK_LIBRARIES)
    foreach(item IN LISTS links iface)
        foreach(pattern IN LISTS ARGN)
            if(item MATCHES "${pattern}")
                message(FATAL_ERROR "Layer rule: ${target} must not link ${item} (see DESIGN.md)")
            endif()
        endforeach()
    endforeach()
endfunction()
