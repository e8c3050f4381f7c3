// Links every ionscreen record type into binaries that print or concatenate
// streams by name: referencing each generated type keeps its descriptor in
// protobuf's generated pool (the linker would otherwise drop it).
#include "lib/bvse/bvse.pb.h"
#include "lib/cluster/clustering.pb.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/describe/descriptor.pb.h"
#include "lib/score/score.pb.h"

namespace ionscreen::records {
namespace {

const bool kLinked = [] {
  (void)crystal::Crystal::descriptor();
  (void)describe::DescriptorRecord::descriptor();
  (void)cluster::Clustering::descriptor();
  (void)score::Score::descriptor();
  (void)bvse::BvseResult::descriptor();
  return true;
}();

}  // namespace
}  // namespace ionscreen::records
