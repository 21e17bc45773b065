#pragma once

#include <QWidget>

class QPushButton;

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
    // The user wants to choose a model (the model wizard).
    void wizardRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    settings::AppSettings &m_settings;
    EmptyState *m_empty = nullptr;
    QPushButton *m_choose = nullptr;
};

} // namespace deskseek::ui
