// SPDX-License-Identifier: MIT
// A fixed set of threads running queued jobs in order.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_WORKER_POOL_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_WORKER_POOL_HPP

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace pat_service {

/// The queue needs no cap of its own: the front end submits at most one job per open
/// connection, and connections are capped.
class worker_pool {
  public:
    explicit worker_pool(std::size_t threads);
    worker_pool(const worker_pool&) = delete;
    worker_pool& operator=(const worker_pool&) = delete;
    /// Runs every job already queued, then joins the threads.
    ~worker_pool();

    void submit(std::function<void()> job);

  private:
    void work();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> jobs_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_WORKER_POOL_HPP
