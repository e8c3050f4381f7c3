// Test helper: JSON lines (protobuf JSON mapping) on stdin -> a typed record
// stream on stdout. usage: json_to_stream crystal|bvse|clustering
#include <cstdio>
#include <iostream>
#include <string>

#include "google/protobuf/util/json_util.h"
#include "lib/bvse/bvse.pb.h"
#include "lib/cluster/clustering.pb.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/stream/record_stream.h"

template <typename T>
int Convert() {
  using namespace ionscreen;
  auto w = stream::RecordWriter<T>::Open(stream::FdSink(1, "<stdout>"),
                                         stream::StreamHeader());
  if (!w.ok()) return 1;
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    T msg;
    if (!google::protobuf::util::JsonStringToMessage(line, &msg).ok() ||
        !(*w)->Write(msg).ok()) {
      std::fprintf(stderr, "bad JSON line: %s\n", line.c_str());
      return 1;
    }
  }
  return (*w)->Close().ok() ? 0 : 1;
}

int main(int argc, char** argv) {
  const std::string t = argc == 2 ? argv[1] : "";
  if (t == "crystal") return Convert<ionscreen::crystal::Crystal>();
  if (t == "bvse") return Convert<ionscreen::bvse::BvseResult>();
  if (t == "clustering") return Convert<ionscreen::cluster::Clustering>();
  std::fprintf(stderr, "usage: json_to_stream crystal|bvse|clustering\n");
  return 2;
}
