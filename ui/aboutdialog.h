#pragma once

#include <QDialog>

class QLabel;
class QTextBrowser;

namespace deskseek::ui {

// Version, build details and the licenses of DeskSeek and the components it ships with.
class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AboutDialog(QWidget *parent = nullptr);

    // The build line shown in the dialog: DeskSeek, Qt and libtorch versions.
    static QString buildDescription();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    QLabel *m_title = nullptr;
    QLabel *m_tagline = nullptr;
    QLabel *m_build = nullptr;
    QTextBrowser *m_licenses = nullptr;
};

} // namespace deskseek::ui
