// SPDX-License-Identifier: MIT
// One parsed patch, policy and options shared by four threads, each patching its own document.
#include <jsonpatch/apply.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/policy.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <iostream>
#include <thread>
#include <vector>

int main() {
    // Built before the threads start, and only read while they run.
    const auto patch = jsonpatch::parse_patch(R"([{"op": "add", "path": "/hits/-", "value": 1}])");
    jsonpatch::policy rules;
    rules.allow({jsonpatch::op_kind::add}, "/hits/-");
    jsonpatch::apply_options options;
    options.policy = &rules;

    std::atomic<int> applied{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < 4; ++t) {
        workers.emplace_back([&] {
            nlohmann::json doc = nlohmann::json::parse(R"({"hits": []})"); // one per thread
            for (int i = 0; i < 1000; ++i) {
                if (jsonpatch::apply(doc, *patch, options)) {
                    ++applied;
                }
            }
        });
    }
    for (std::thread& worker : workers) {
        worker.join();
    }
    std::cout << applied << " patches applied\n";
}
