#pragma once

#include <QGroupBox>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace deskseek::settings {
class AppSettings;
}

namespace deskseek::ui {

// Settings → Search: the search providers in the order they are tried, each on or off (moved
// with Up and Down, or back to the default order for the language), SearXNG's address, the
// keys of Brave, Tavily and Bocha (kept in owner-only files, never in the settings file), how
// many results to ask for and how many pages to read. Changes are saved at once.
class SearchSettingsGroup : public QGroupBox
{
    Q_OBJECT

public:
    explicit SearchSettingsGroup(settings::AppSettings &settings, QWidget *parent = nullptr);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void load();
    void save();
    void move(int by);

    settings::AppSettings &m_settings;
    QLabel *m_intro;
    QListWidget *m_providers;
    QPushButton *m_up;
    QPushButton *m_down;
    QPushButton *m_defaultOrder;
    QLabel *m_searxngLabel;
    QLineEdit *m_searxng;
    QLabel *m_braveLabel;
    QLineEdit *m_brave;
    QLabel *m_tavilyLabel;
    QLineEdit *m_tavily;
    QLabel *m_bochaLabel;
    QLineEdit *m_bocha;
    QLabel *m_resultsLabel;
    QSpinBox *m_results;
    QLabel *m_pagesLabel;
    QSpinBox *m_pages;
    QLabel *m_privacy;
    bool m_loading = false;
};

} // namespace deskseek::ui
