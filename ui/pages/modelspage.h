#pragma once

#include <QWidget>

namespace deskseek::settings {
class AppSettings;
}

namespace deskseek::ui {

class EmptyState;

// Installed models and their installation. Until one is installed it says where models will be
// kept and lets the user change that folder.
class ModelsPage : public QWidget
{
    Q_OBJECT

public:
    explicit ModelsPage(settings::AppSettings &settings, QWidget *parent = nullptr);

Q_SIGNALS:
    // The user wants to change the storage folder (the Settings page takes over).
    void settingsRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    settings::AppSettings &m_settings;
    EmptyState *m_empty = nullptr;
};

} // namespace deskseek::ui
