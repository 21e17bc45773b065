#include "pages/searchsettingsgroup.h"

#include "settings/appsettings.h"
#include "tools/searchproviders.h"

#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

namespace {
constexpr int kIdRole = Qt::UserRole;
}

SearchSettingsGroup::SearchSettingsGroup(settings::AppSettings &settings, QWidget *parent)
    : QGroupBox(parent)
    , m_settings(settings)
    , m_intro(new QLabel(this))
    , m_providers(new QListWidget(this))
    , m_up(new QPushButton(this))
    , m_down(new QPushButton(this))
    , m_defaultOrder(new QPushButton(this))
    , m_searxngLabel(new QLabel(this))
    , m_searxng(new QLineEdit(this))
    , m_braveLabel(new QLabel(this))
    , m_brave(new QLineEdit(this))
    , m_tavilyLabel(new QLabel(this))
    , m_tavily(new QLineEdit(this))
    , m_bochaLabel(new QLabel(this))
    , m_bocha(new QLineEdit(this))
    , m_resultsLabel(new QLabel(this))
    , m_results(new QSpinBox(this))
    , m_pagesLabel(new QLabel(this))
    , m_pages(new QSpinBox(this))
    , m_privacy(new QLabel(this))
{
    setObjectName(u"searchGroup"_s);
    m_intro->setWordWrap(true);
    m_privacy->setWordWrap(true);
    m_privacy->setObjectName(u"searchPrivacy"_s);
    m_providers->setObjectName(u"searchProviderList"_s);
    m_providers->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_up->setObjectName(u"searchUpButton"_s);
    m_down->setObjectName(u"searchDownButton"_s);
    m_defaultOrder->setObjectName(u"searchDefaultOrderButton"_s);
    m_searxng->setObjectName(u"searxngUrlEdit"_s);
    m_searxng->setPlaceholderText(u"http://127.0.0.1:8888"_s);
    for (QLineEdit *key : {m_brave, m_tavily, m_bocha}) {
        key->setEchoMode(QLineEdit::PasswordEchoOnEdit);
        key->setClearButtonEnabled(true);
    }
    m_brave->setObjectName(u"braveKeyEdit"_s);
    m_tavily->setObjectName(u"tavilyKeyEdit"_s);
    m_bocha->setObjectName(u"bochaKeyEdit"_s);
    m_results->setObjectName(u"searchResultsSpin"_s);
    m_results->setRange(1, 10);
    m_pages->setObjectName(u"searchPagesSpin"_s);
    m_pages->setRange(0, 10);

    auto *order = new QVBoxLayout;
    order->addWidget(m_up);
    order->addWidget(m_down);
    order->addWidget(m_defaultOrder);
    order->addStretch(1);
    auto *list = new QHBoxLayout;
    list->addWidget(m_providers, 1);
    list->addLayout(order);
    auto *form = new QFormLayout;
    form->addRow(m_searxngLabel, m_searxng);
    form->addRow(m_braveLabel, m_brave);
    form->addRow(m_tavilyLabel, m_tavily);
    form->addRow(m_bochaLabel, m_bocha);
    form->addRow(m_resultsLabel, m_results);
    form->addRow(m_pagesLabel, m_pages);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addLayout(list);
    layout->addLayout(form);
    layout->addWidget(m_privacy);

    load();
    connect(m_providers, &QListWidget::itemChanged, this, &SearchSettingsGroup::save);
    connect(m_up, &QPushButton::clicked, this, [this] { move(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { move(1); });
    connect(m_defaultOrder, &QPushButton::clicked, this, [this] {
        settings::SearchSettings search = m_settings.search();
        search.customOrder = false;
        search.providers.clear();
        m_settings.setSearch(search);
        load();
    });
    connect(m_searxng, &QLineEdit::editingFinished, this, &SearchSettingsGroup::save);
    const QList<QPair<QLineEdit *, QString>> keys{{m_brave, u"brave"_s}, {m_tavily, u"tavily"_s}, {m_bocha, u"bocha"_s}};
    for (const auto &[edit, id] : keys)
        connect(edit, &QLineEdit::editingFinished, this, [this, edit = edit, id = id] {
            m_settings.setSearchKey(id, edit->text());
            if (!m_settings.search().customOrder)
                load(); // a new key can change the default order
        });
    connect(m_results, &QSpinBox::valueChanged, this, &SearchSettingsGroup::save);
    connect(m_pages, &QSpinBox::valueChanged, this, &SearchSettingsGroup::save);
    connect(&m_settings, &settings::AppSettings::languageChanged, this, [this] {
        if (!m_settings.search().customOrder)
            load();
    });
    retranslate();
}

void SearchSettingsGroup::load()
{
    m_loading = true;
    const settings::SearchSettings search = m_settings.search();
    const QStringList enabled = m_settings.effectiveSearchProviders();
    QStringList order = enabled;
    for (const QString &id : tools::providerIds())
        if (!order.contains(id))
            order.append(id);
    m_providers->clear();
    for (const QString &id : std::as_const(order)) {
        auto *item = new QListWidgetItem(tools::makeProvider(id)->displayName(), m_providers);
        item->setData(kIdRole, id);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(enabled.contains(id) ? Qt::Checked : Qt::Unchecked);
    }
    m_searxng->setText(search.searxngUrl);
    m_brave->setText(m_settings.searchKey(u"brave"_s));
    m_tavily->setText(m_settings.searchKey(u"tavily"_s));
    m_bocha->setText(m_settings.searchKey(u"bocha"_s));
    m_results->setValue(search.results);
    m_pages->setValue(search.pages);
    // Tall enough for every provider, no taller.
    m_providers->setFixedHeight(m_providers->sizeHintForRow(0) * m_providers->count() + 2 * m_providers->frameWidth() + 4);
    m_loading = false;
}

void SearchSettingsGroup::save()
{
    if (m_loading)
        return;
    settings::SearchSettings search = m_settings.search();
    QStringList providers;
    for (int i = 0; i < m_providers->count(); ++i)
        if (m_providers->item(i)->checkState() == Qt::Checked)
            providers.append(m_providers->item(i)->data(kIdRole).toString());
    if (providers != m_settings.effectiveSearchProviders()) {
        search.customOrder = true;
        search.providers = providers;
    }
    search.searxngUrl = m_searxng->text().trimmed();
    search.results = m_results->value();
    search.pages = std::min(m_pages->value(), m_results->value());
    m_settings.setSearch(search);
}

void SearchSettingsGroup::move(int by)
{
    const int row = m_providers->currentRow();
    const int to = row + by;
    if (row < 0 || to < 0 || to >= m_providers->count())
        return;
    m_loading = true;
    QListWidgetItem *item = m_providers->takeItem(row);
    m_providers->insertItem(to, item);
    m_providers->setCurrentRow(to);
    m_loading = false;
    save();
}

void SearchSettingsGroup::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QGroupBox::changeEvent(event);
}

void SearchSettingsGroup::retranslate()
{
    setTitle(tr("Search"));
    m_intro->setText(tr("The chat's \"Search the web\" tries these providers in order until one answers. Bing (cn.bing.com) "
                        "and Baidu work in mainland China without a key; DuckDuckGo needs no key but is blocked there. "
                        "Brave Search, Tavily and Bocha (博查, in China) need an API key; SearXNG needs the address of an "
                        "instance with its JSON format on."));
    m_up->setText(tr("Up"));
    m_down->setText(tr("Down"));
    m_defaultOrder->setText(tr("Default order"));
    m_defaultOrder->setToolTip(tr("The order for the interface language and the providers that have keys"));
    m_searxngLabel->setText(tr("SearXNG address:"));
    m_braveLabel->setText(tr("Brave Search key:"));
    m_tavilyLabel->setText(tr("Tavily key:"));
    m_bochaLabel->setText(tr("Bocha key:"));
    m_resultsLabel->setText(tr("Results:"));
    m_results->setToolTip(tr("How many results to ask the provider for"));
    m_pagesLabel->setText(tr("Pages read in full:"));
    m_pages->setToolTip(tr("How many of the top results are downloaded and read; the others give their snippet"));
    m_privacy->setText(tr("When search is on, your question (not the conversation) goes to the provider, and the top pages "
                          "are downloaded from their sites. Keys are kept in files only you can read, not in the settings "
                          "file. The proxy of Settings → Downloads applies."));
}

} // namespace deskseek::ui
