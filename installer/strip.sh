#!/bin/sh
# CPack's strip step (CMAKE_STRIP, set by build-deb.sh): strip as debhelper's dh_strip does
# for executables, also dropping the compiler's .comment section (lintian:
# binary-has-unneeded-section).
exec strip --remove-section=.comment --remove-section=.note --strip-unneeded "$@"
