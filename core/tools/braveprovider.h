#pragma once

#include "tools/searchprovider.h"

namespace deskseek::tools {

class BraveProvider : public SearchProvider
{
public:
    QString id() const override;
    QString displayName() const override;
    QUrl defaultEndpoint() const override;
    HttpRequest request(const QString &query, int count) const override;
    bool needsKey() const override { return true; }
protected:
    ProviderAnswer parseBody(const HttpResponse &response) const override;
};

} // namespace deskseek::tools
