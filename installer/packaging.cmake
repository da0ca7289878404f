# Install rules and the Debian package (CPack DEB). Included by the top-level CMakeLists.txt.
# Build the package with installer/build-deb.sh (or: cpack --config BUILD/CPackConfig.cmake
# after building kyso-host). docs/deployment.md explains the layout and why CPack.
#
# Layout (prefix /usr for the package):
#   /usr/bin/kyso-host                                        (top-level install(TARGETS))
#   /etc/chromium/native-messaging-hosts/vn.kyso.host.json    conffile
#   /usr/lib/mozilla/native-messaging-hosts/vn.kyso.host.json
#   /usr/share/kyso/native-messaging-hosts/{chrome,edge}/     copied to /etc/opt/... by postinst
#   /etc/kyso/policy.json                                     conffile, "{}" (no restrictions)
#   /usr/share/kyso/extension/                                the unpacked extension
#   /usr/share/doc/kyso/{examples,policies}/                  policy and browser policy examples

set(KYSO_INSTALLER_DIR ${CMAKE_CURRENT_SOURCE_DIR}/installer)
set(KYSO_DEB_PREFIX /usr)

# Manifests and the extension are produced at install time (not configure time) so that the
# host path written into the manifests is the prefix actually installed to: /usr under CPack,
# whatever --prefix says for a manual `cmake --install`. Absolute destinations (/etc, the
# browsers' fixed directories) go under $DESTDIR; CPACK_SET_DESTDIR below makes CPack use it.
install(CODE "
  set(destdir \"\$ENV{DESTDIR}\")
  set(host \"\${CMAKE_INSTALL_PREFIX}/bin/kyso-host\")
  foreach(pair
      \"chromium;/etc/chromium/native-messaging-hosts\"
      \"firefox;/usr/lib/mozilla/native-messaging-hosts\"
      \"chrome;\${CMAKE_INSTALL_PREFIX}/share/kyso/native-messaging-hosts/chrome\"
      \"edge;\${CMAKE_INSTALL_PREFIX}/share/kyso/native-messaging-hosts/edge\")
    list(GET pair 0 browser)
    list(GET pair 1 dir)
    execute_process(COMMAND sh \"${CMAKE_CURRENT_SOURCE_DIR}/manifests/fill.sh\"
                            \${browser} \${host} \"\${destdir}\${dir}\"
                    RESULT_VARIABLE rc OUTPUT_QUIET)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR \"manifests/fill.sh \${browser} failed\")
    endif()
    file(CHMOD \"\${destdir}\${dir}/vn.kyso.host.json\" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
  endforeach()
  message(STATUS \"Installing: native messaging host manifests -> \${host}\")
  execute_process(COMMAND python3 \"${KYSO_INSTALLER_DIR}/build-extension.py\"
                          --stage \"\${destdir}\${CMAKE_INSTALL_PREFIX}/share/kyso/extension\"
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR \"installer/build-extension.py --stage failed\")
  endif()
")

# The system policy: an empty object (no restrictions, same as no file), shipped so the path
# is documented where IT looks and dpkg keeps the administrator's edits as a conffile.
install(FILES ${KYSO_INSTALLER_DIR}/files/policy.json DESTINATION /etc/kyso
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)

set(KYSO_DOC share/doc/kyso)
install(FILES ${KYSO_INSTALLER_DIR}/files/copyright DESTINATION ${KYSO_DOC})
install(DIRECTORY ${KYSO_INSTALLER_DIR}/files/examples/ DESTINATION ${KYSO_DOC}/examples)
install(DIRECTORY ${KYSO_INSTALLER_DIR}/files/policies/ DESTINATION ${KYSO_DOC}/policies)
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/docs/configuration.md
              ${CMAKE_CURRENT_SOURCE_DIR}/docs/deployment.md
        DESTINATION ${KYSO_DOC} OPTIONAL)

# Debian wants compressed, timestamp-free changelog and man page (gzip -n). The changelog is
# generated from VERSION so the version still lives in one place; its date is the commit's.
# build-deb.sh sets SOURCE_DATE_EPOCH to the packaged commit's time.
set(KYSO_COMMIT_TIME "$ENV{SOURCE_DATE_EPOCH}")
if(NOT KYSO_COMMIT_TIME)
  execute_process(COMMAND git -C ${CMAKE_CURRENT_SOURCE_DIR} log -1 --format=%ct
                  OUTPUT_VARIABLE KYSO_COMMIT_TIME OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
endif()
if(NOT KYSO_COMMIT_TIME)
  set(KYSO_COMMIT_TIME 0)
endif()
set(KYSO_DEB_REVISION 1)
set(KYSO_DEB_MAINTAINER "kyso maintainers <maintainers@kyso.vn>")
set(pkgdir ${CMAKE_CURRENT_BINARY_DIR}/packaging)
file(MAKE_DIRECTORY ${pkgdir})
execute_process(COMMAND date -u -R -d @${KYSO_COMMIT_TIME}
                OUTPUT_VARIABLE KYSO_DEB_DATE OUTPUT_STRIP_TRAILING_WHITESPACE)
configure_file(${KYSO_INSTALLER_DIR}/debian/changelog.in ${pkgdir}/changelog.Debian @ONLY)
configure_file(${KYSO_INSTALLER_DIR}/files/kyso-host.1 ${pkgdir}/kyso-host.1 COPYONLY)
foreach(f changelog.Debian kyso-host.1)
  execute_process(COMMAND gzip -9nf ${pkgdir}/${f})
endforeach()
install(FILES ${pkgdir}/changelog.Debian.gz DESTINATION ${KYSO_DOC})
install(FILES ${pkgdir}/kyso-host.1.gz DESTINATION share/man/man1)

# ---- CPack: one binary package, "kyso" ----
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME kyso)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${KYSO_DEB_MAINTAINER}")
set(CPACK_PACKAGE_VENDOR kyso)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "sign documents and log in with a USB token in web portals")
set(CPACK_PACKAGE_DESCRIPTION "kyso lets officials and citizens sign documents and log in to web
portals with the USB token that holds their certificate, without a local
web server. This package holds the native messaging host (kyso-host), its
registration with Chromium, Google Chrome, Microsoft Edge and Firefox, the
unpacked browser extension and example browser and IT policies.")
# With CPACK_SET_DESTDIR (needed for the absolute /etc destinations) CPack installs with
# CPACK_INSTALL_PREFIX, which defaults to CMAKE_INSTALL_PREFIX (/usr/local): pin both to /usr
# so any build directory makes the same package.
set(CPACK_PACKAGING_INSTALL_PREFIX ${KYSO_DEB_PREFIX})
set(CPACK_INSTALL_PREFIX ${KYSO_DEB_PREFIX})
set(CPACK_SET_DESTDIR ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${KYSO_DEB_REVISION})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://kyso.vn")
# Libraries come from dpkg-shlibdeps, except libp11-3, which kyso-host loads with dlopen on
# the first token command (token/libp11_library.hpp; libssl.so.3, loaded the same way, is in
# libssl3 with the libcrypto.so.3 kyso-host links); the rest are run-time programs and data
# kyso uses: a PIN dialog, p11-kit's module registry, the font for visible PDF signatures.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libp11-3, pinentry-gnome3 | pinentry-qt | pinentry-curses, p11-kit, fonts-liberation2")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "chromium | firefox-esr | firefox, opensc-pkcs11")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${KYSO_INSTALLER_DIR}/debian/conffiles
    ${KYSO_INSTALLER_DIR}/debian/postinst
    ${KYSO_INSTALLER_DIR}/debian/postrm)
include(CPack)
