#pragma once

#include "store/modelimporter.h"

#include <QDialog>
#include <QList>
#include <QStringList>

class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace deskseek::ui {

// Models → "Add models from this computer…": looks for GGUF models in Ollama's store and LM
// Studio's folders (and in folders the user picks) off the GUI thread, lists them with what
// they are and whether DeskSeek can run them (and why not), and registers the checked ones
// where they lie. Nothing is copied.
class ImportDialog : public QDialog
{
    Q_OBJECT

public:
    // ollamaFolder / lmStudioFolders: where to look first (the defaults in the app; the tests'
    // fake stores in tests).
    ImportDialog(QString modelFolder, QString ollamaFolder, QStringList lmStudioFolders, QWidget *parent = nullptr);

    // The names the models got, once "Add" was pressed.
    QStringList importedNames() const { return m_imported; }
    bool isSearching() const { return m_searches > 0; }

public Q_SLOTS:
    // Looks in one more folder (also what "Choose folder…" does after its file dialog).
    void searchFolder(const QString &folder);

Q_SIGNALS:
    void searchFinished();

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Search
    {
        QString folder;
        QString from; // "ollama", "lmstudio", "folder"
    };
    void start(const QList<Search> &searches);
    void addCandidates(const QList<store::ImportCandidate> &candidates);
    void chooseFolder();
    void importChecked();
    void updateState();
    void retranslate();

    QString m_modelFolder;
    QList<store::ImportCandidate> m_candidates;
    QStringList m_imported;
    int m_searches = 0;
    QLabel *m_intro = nullptr;
    QTreeWidget *m_list = nullptr;
    QProgressBar *m_busy = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_chooseFolder = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_close = nullptr;
};

} // namespace deskseek::ui
