// SPDX-License-Identifier: MIT
// A fixed set of threads for store calls, with a bounded queue: the HTTP threads never wait for
// a database.
#include "store_pool.hpp"

#include <utility>

namespace pat_service {

store_pool::store_pool(std::size_t threads, std::size_t max_queued,
                       std::chrono::milliseconds max_wait)
    : max_queued_(max_queued), max_wait_(max_wait) {
    threads_.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i) {
        threads_.emplace_back([this] { work_loop(); });
    }
}

store_pool::~store_pool() {
    if (joined_) {
        return;
    }
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& thread : threads_) {
        thread.join();
    }
}

bool store_pool::try_submit(job work) {
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_ || jobs_.size() >= max_queued_) {
            return false;
        }
        jobs_.push_back(entry{std::move(work), std::chrono::steady_clock::now()});
    }
    wake_.notify_one();
    return true;
}

bool store_pool::stop_within(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock<std::mutex> lock(mutex_);
    stopping_ = true;
    wake_.notify_all();
    if (!idle_.wait_until(lock, deadline, [this] { return jobs_.empty() && running_ == 0; })) {
        return false;
    }
    lock.unlock();
    for (auto& thread : threads_) {
        thread.join();
    }
    joined_ = true;
    return true;
}

std::size_t store_pool::queued() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return jobs_.size();
}

std::size_t store_pool::running() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return running_;
}

void store_pool::work_loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) {
            return; // stopping, and nothing is left to run
        }
        entry next = std::move(jobs_.front());
        jobs_.pop_front();
        ++running_;
        lock.unlock();
        const bool expired = std::chrono::steady_clock::now() - next.queued_at > max_wait_;
        next.work(expired);
        next.work = nullptr; // what the job holds goes before the lock is taken again
        lock.lock();
        --running_;
        if (jobs_.empty() && running_ == 0) {
            idle_.notify_all();
        }
    }
}

} // namespace pat_service
