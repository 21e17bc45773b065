#include "aboutdialog.h"

#include "engine/buildinfo.h"
#include "version.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

namespace {
struct Component
{
    const char *name;
    const char *license;
    const char *url;
};

// What a DeskSeek build links or ships, and under which license.
constexpr Component kComponents[] = {
    {"Qt 6", "LGPL-3.0-only", "https://www.qt.io/licensing/open-source-lgpl-obligations"},
    {"libtorch (PyTorch)", "BSD-3-Clause", "https://github.com/pytorch/pytorch/blob/main/LICENSE"},
    {"libcurl", "curl (MIT-style)", "https://curl.se/docs/copyright.html"},
    {"OpenBLAS", "BSD-3-Clause", "https://github.com/OpenMathLib/OpenBLAS/blob/develop/LICENSE"},
    {"PCRE2", "BSD-3-Clause", "https://www.pcre.org/licence.txt"},
    {"nlohmann/json", "MIT", "https://github.com/nlohmann/json/blob/develop/LICENSE.MIT"},
    {"cpp-httplib", "MIT", "https://github.com/yhirose/cpp-httplib/blob/master/LICENSE"},
    {"SQLite", "Public domain", "https://www.sqlite.org/copyright.html"},
    {"Noto Sans CJK", "SIL Open Font License 1.1", "https://github.com/notofonts/noto-cjk"},
};
} // namespace

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
    , m_title(new QLabel(this))
    , m_tagline(new QLabel(this))
    , m_build(new QLabel(this))
    , m_licenses(new QTextBrowser(this))
{
    setObjectName(u"aboutDialog"_s);
    m_build->setObjectName(u"aboutBuild"_s);
    m_licenses->setObjectName(u"aboutLicenses"_s);
    m_licenses->setOpenExternalLinks(true);
    m_build->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tagline->setWordWrap(true);

    auto *icon = new QLabel(this);
    icon->setPixmap(QIcon(u":/icons/deskseek.svg"_s).pixmap(QSize(72, 72)));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    auto *heading = new QVBoxLayout;
    heading->addWidget(m_title);
    heading->addWidget(m_tagline);
    heading->addWidget(m_build);
    auto *top = new QHBoxLayout;
    top->addWidget(icon, 0, Qt::AlignTop);
    top->addLayout(heading, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_licenses, 1);
    layout->addWidget(buttons);
    resize(560, 480);
    retranslate();
}

QString AboutDialog::buildDescription()
{
    return u"DeskSeek %1 · Qt %2 · %3"_s.arg(QString::fromLatin1(kVersion),
                                            QString::fromLatin1(qVersion()),
                                            QString::fromStdString(
                                                engine::describe(engine::buildInfo())));
}

void AboutDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void AboutDialog::retranslate()
{
    setWindowTitle(tr("About DeskSeek"));
    m_title->setText(tr("DeskSeek %1").arg(QString::fromLatin1(kVersion)));
    m_tagline->setText(tr("DeepSeek models on your own computer: private, offline, and free."));
    m_build->setText(buildDescription());

    QString rows;
    for (const Component &component : kComponents) {
        rows += u"<tr><td><a href=\"%1\">%2</a></td><td>%3</td></tr>"_s.arg(
            QString::fromLatin1(component.url), QString::fromUtf8(component.name),
            QString::fromUtf8(component.license));
    }
    m_licenses->setHtml(
        u"<p>%1</p><p>%2</p><table cellspacing=\"6\"><tr><th align=\"left\">%3</th>"
        "<th align=\"left\">%4</th></tr>%5</table>"_s.arg(
            tr("DeskSeek is free software under the MIT License.").toHtmlEscaped(),
            tr("It is built on these components, each under its own license:").toHtmlEscaped(),
            tr("Component").toHtmlEscaped(), tr("License").toHtmlEscaped(), rows));
}

} // namespace deskseek::ui
