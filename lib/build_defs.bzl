# Macros for ionscreen's BUILD files.
#
# Why: every descriptor folder, most lib/ folders and every tests/ folder used
# to spell out the same cc_library + cc_test (+ pymatgen oracle sh_test)
# shapes with the same file names and the same dozen deps, so the BUILD files
# were mostly copies of each other (GitHub issue #15). With these macros a
# BUILD file says only what is particular to its package; the conventions
# (file names, the deps every library or test of a kind has, visibility) live
# here, once.
#
# Conventions:
#   - A library `x` is x.cc with x.h (when it exists); its test is `x_test`
#     from x_test.cc, declared when x_test.cc exists.
#   - A tool test `t` in tests/<tool>/ is t.sh; `tools = ["cif2proto"]` puts
#     //tools:cif2proto in its data.
#   - Targets are private unless their visibility says otherwise; the lists
#     below name who may depend on what.

# Record formats (protos) and the tools' binaries: anyone.
PUBLIC = ["//visibility:public"]

# Libraries used across ionscreen's own packages.
INTERNAL = [
    "//lib:__subpackages__",
    "//tests:__subpackages__",
    "//tools:__subpackages__",
]

# Helpers shared by the descriptors (lib/descriptors/common, elemdata, the
# Voronoi descriptor helpers): the descriptors and their tests only.
DESCRIPTORS = ["//lib/descriptors:__subpackages__"]

# Helpers of the tool tests (stream converters, shared scripts): tests/ only.
TOOL_TESTS = ["//tests:__subpackages__"]

# Test-only helpers (fixtures, matchers, probes): the tests beside the code in
# lib/ and tools/common and the tests in tests/.
TESTING = [
    "//lib:__subpackages__",
    "//tests:__subpackages__",
    "//tools/common:__pkg__",
]

# Every library (lib_library) and tool reports errors with absl::Status.
_STATUS = [
    "//lib/base:status_macros",
    "//third_party:absl",
]

_GTEST = [
    "//lib/base:status_matchers",
    "//third_party:gtest_main",
]

def _uniq(labels):
    """labels without repeats (Bazel refuses a label twice in deps)."""
    out = []
    for label in labels:
        if label not in out:
            out.append(label)
    return out

def _header(name):
    return native.glob([name + ".h"])

def _unit_test(name, deps, size = None):
    """`name`_test from `name`_test.cc, when that file exists."""
    if native.glob([name + "_test.cc"]):
        native.cc_test(
            name = name + "_test",
            size = size,
            srcs = [name + "_test.cc"],
            deps = _uniq([":" + name] + _GTEST + _STATUS + deps),
        )

def cc_proto(name, deps = [], visibility = PUBLIC):
    """`name`_proto from `name`.proto, and its C++ library `name`_cc_proto.

    The .proto file itself is exported too (//python generates its Python
    modules from it).
    """
    native.exports_files([name + ".proto"], visibility = visibility)
    native.proto_library(
        name = name + "_proto",
        srcs = [name + ".proto"],
        deps = deps,
        visibility = visibility,
    )
    native.cc_proto_library(
        name = name + "_cc_proto",
        deps = [":" + name + "_proto"],
        visibility = visibility,
    )

def lib_library(
        name,
        deps = [],
        test_deps = [],
        srcs = None,
        hdrs = None,
        test_size = None,
        visibility = None,
        **kwargs):
    """A lib/ cc_library `name` and its unit test `name`_test.

    The library reports errors with absl::Status: it always has Abseil and
    lib/base:status_macros.

    srcs defaults to [`name`.cc], hdrs to [`name`.h] when that exists. The
    test (when `name`_test.cc exists) links the library, status_matchers,
    gtest_main, Abseil, status_macros and test_deps. Other keyword arguments go to the library.
    """
    native.cc_library(
        name = name,
        srcs = [name + ".cc"] if srcs == None else srcs,
        hdrs = _header(name) if hdrs == None else hdrs,
        deps = _uniq(deps + _STATUS),
        visibility = visibility,
        **kwargs
    )
    _unit_test(name, test_deps, size = test_size)

# Every descriptor library includes these (lib/describe/descriptor.h and the
# Crystal record).
_DESCRIPTOR_DEPS = [
    "//lib/crystal:crystal_cc_proto",
    "//lib/crystal:crystal_util",
    "//lib/describe:descriptor",
]

# Every descriptor unit test may use the crystal fixtures and the descriptor
# test helpers (configured descriptors, vector comparison, engine runs).
_DESCRIPTOR_TEST_DEPS = [
    "//lib/crystal:crystal_util",
    "//lib/crystal/testing:fixtures",
    "//lib/describe:descriptor",
    "//lib/describe:descriptor_testing",
]

# The descriptors' pymatgen oracle tests, by kind:
#   "probe": lib/voronoi/descriptor_oracle_test.sh <descriptor> [args]: real
#            CIFs in probe format through //lib/voronoi:descriptor_probe,
#            compared by lib/voronoi/descriptor_oracle.py.
#   "dump":  <descriptor>_oracle_test.sh with <descriptor>_oracle.py: Crystal
#            JSON lines (lib/descriptors/common/oracle_structures.py) through
#            //lib/descriptors/common:descriptor_dump.
PROBE_ORACLE_DATA = [
    "//lib/voronoi:descriptor_oracle.py",
    "//lib/voronoi:descriptor_probe",
    "//lib/voronoi:probe_common.py",
]

_DUMP_ORACLE_DATA = [
    "//lib/descriptors/common:descriptor_dump",
    "//lib/descriptors/common:oracle_common.sh",
    "//lib/descriptors/common:oracle_structures.py",
]

def _oracle_test(name, descriptor, kind, args, data):
    if kind == "probe":
        srcs = ["//lib/voronoi:descriptor_oracle_test.sh"]
        args = [descriptor] + args
        data = PROBE_ORACLE_DATA + data
    elif kind == "dump":
        srcs = [descriptor + "_oracle_test.sh"]
        data = _DUMP_ORACLE_DATA + [descriptor + "_oracle.py"] + data
    else:
        fail("oracle must be \"probe\" or \"dump\", not %r" % kind)
    native.sh_test(
        name = name,
        size = "medium",
        srcs = srcs,
        args = args,
        data = data,
    )

def descriptor(
        name,
        deps = [],
        oracle = None,
        oracle_data = [],
        oracle_variants = None,
        test_deps = [],
        srcs = None,
        hdrs = None,
        visibility = ["//lib:__subpackages__"],
        **kwargs):
    """A descriptor of lib/descriptors/`name`: library, unit test, oracle.

    The library (`name`.cc, `name`.h when it exists) is alwayslink: its
    IONSCREEN_REGISTER_DESCRIPTOR is a static initialiser. It gets
    the Crystal record and describe:descriptor (and, as every lib_library,
    Abseil and status_macros) besides deps. The test `name`_test (when `name`_test.cc exists) also gets the
    crystal fixtures and describe:descriptor_testing besides test_deps.
    oracle ("probe" or "dump", see above) adds the sh_test `name`_oracle_test
    with oracle_data; oracle_variants {tag: args} instead adds one
    `name`_oracle_<tag>_test per tag, with those arguments. The library is
    visible to lib/ (the registry //lib/describe:all_descriptors, the oracle
    probes); other keyword arguments go to the library.
    """
    lib_library(
        name = name,
        srcs = srcs,
        hdrs = hdrs,
        deps = _DESCRIPTOR_DEPS + deps,
        test_deps = _DESCRIPTOR_TEST_DEPS + test_deps,
        alwayslink = True,
        visibility = visibility,
        **kwargs
    )
    if oracle_variants:
        for tag, args in oracle_variants.items():
            _oracle_test(
                "%s_oracle_%s_test" % (name, tag),
                name,
                oracle,
                args,
                oracle_data,
            )
    elif oracle:
        _oracle_test(name + "_oracle_test", name, oracle, [], oracle_data)

def test_binary(name, deps, srcs = None, visibility = None):
    """A testonly cc_binary `name` from `name`.cc: a helper of sh_tests."""
    native.cc_binary(
        name = name,
        testonly = True,
        srcs = [name + ".cc"] if srcs == None else srcs,
        deps = deps,
        visibility = visibility,
    )

def tool_test(name, tools = [], data = [], size = "small", srcs = None, **kwargs):
    """An sh_test `name` from `name`.sh running the tools //tools:<tools>.

    data adds further files and targets; other keyword arguments (args,
    timeout, tags) go to the sh_test. Every tool test gets tests/testlib.sh,
    the shell helpers the tests source (shared data, pymatgen, samples).
    """
    native.sh_test(
        name = name,
        size = size,
        srcs = [name + ".sh"] if srcs == None else srcs,
        data = _uniq(["//tools:" + tool for tool in tools] + data +
                     ["//tests:testlib.sh"]),
        **kwargs
    )

def tool(name, deps, srcs = None):
    """A tool's binary //tools:`name` from `name`_main.cc ('-' as '_').

    Every tool links Abseil, lib/base:status_macros and
    tools/common:tool_common; it is public.
    """
    native.cc_binary(
        name = name,
        srcs = [name.replace("-", "_") + "_main.cc"] if srcs == None else srcs,
        deps = _uniq(deps + _STATUS + ["//tools/common:tool_common"]),
        visibility = PUBLIC,
    )
