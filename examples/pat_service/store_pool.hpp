// SPDX-License-Identifier: MIT
// A fixed set of threads for store calls, with a bounded queue: the HTTP threads never wait for
// a database.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_STORE_POOL_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_STORE_POOL_HPP

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace pat_service {

/// Every store call runs here, so a database that stops answering ties up at most these threads
/// (each call returns or throws within the store's deadline) while the HTTP threads keep serving
/// requests that need no store. The queue is bounded: a full one refuses new work at once (the
/// caller answers 503), and work that waited longer than `max_wait` is told so instead of run
/// (its client has waited a whole store deadline already).
class store_pool {
  public:
    /// A unit of work: `expired` is true when it waited longer than `max_wait` for a thread.
    using job = std::function<void(bool expired)>;

    store_pool(std::size_t threads, std::size_t max_queued, std::chrono::milliseconds max_wait);
    store_pool(const store_pool&) = delete;
    store_pool& operator=(const store_pool&) = delete;
    /// Joins the threads after the queued jobs ran (see stop_within for a bounded wait).
    ~store_pool();

    /// Queues `work`; false (and `work` is dropped) when `max_queued` jobs already wait or the
    /// pool is stopping.
    [[nodiscard]] bool try_submit(job work);

    /// Stops taking work and waits until `deadline` for the threads to finish what they hold;
    /// true when they did (the destructor then returns at once). False: a store call is stuck
    /// past every deadline, and the process must exit without joining the threads.
    [[nodiscard]] bool stop_within(std::chrono::steady_clock::time_point deadline);

    /// Jobs waiting for a thread now.
    [[nodiscard]] std::size_t queued() const;

    /// Jobs running now.
    [[nodiscard]] std::size_t running() const;

  private:
    struct entry {
        job work;
        std::chrono::steady_clock::time_point queued_at;
    };
    void work_loop();

    std::size_t max_queued_;
    std::chrono::milliseconds max_wait_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable idle_;
    std::deque<entry> jobs_;
    std::size_t running_ = 0;
    bool stopping_ = false;
    bool joined_ = false;
    std::vector<std::thread> threads_;
};

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_STORE_POOL_HPP
