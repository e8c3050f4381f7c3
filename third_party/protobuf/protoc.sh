#!/bin/sh
# Debian's protoc (protobuf-compiler), used by native proto_library.
exec /usr/bin/protoc "$@"
