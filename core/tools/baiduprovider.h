#pragma once

#include "tools/searchprovider.h"

namespace deskseek::tools {

class BaiduProvider : public SearchProvider
{
public:
    QString id() const override;
    QString displayName() const override;
    QUrl defaultEndpoint() const override;
    HttpRequest request(const QString &query, int count) const override;
protected:
    ProviderAnswer parseBody(const HttpResponse &response) const override;
};

} // namespace deskseek::tools
