#pragma once

#include <QCoreApplication>
#include <QString>

#include <functional>

namespace deskseek::store {

struct QualityCheckResult
{
    bool ok = false;
    double top1Agreement = 0.0;    // share of next-token choices that match the original's
    double meanKlDivergence = 0.0; // nats
    int tokens = 0;
    QString error;                 // when not ok, for people
};

// The install's short quality check: the quantized file and the original model it was made
// from, both over the first `tokens` tokens of DeskSeek's sample text (:/quality/sample.txt).
// progress(fraction) returns false to cancel. Blocking: run it on a worker thread.
class InstallQualityCheck
{
    Q_DECLARE_TR_FUNCTIONS(InstallQualityCheck)

public:
    static QualityCheckResult run(const QString &quantized, const QString &original, int tokens,
                                  const std::function<bool(double)> &progress = {});
};

} // namespace deskseek::store
